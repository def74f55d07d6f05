package dev.activitylog.admin.boundary;

import jakarta.faces.FacesException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.faces.event.PhaseId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A form posted from a view the server no longer has (session ended, server restarted, or a forged post without a
 * valid view state) is answered with a redirect to /expired.xhtml, which says that nothing was done. An error page
 * (web.xml) cannot do it: the error dispatch keeps the POST, and Faces would try to restore the view again.
 */
public class ExpiredViewHandlerFactory extends ExceptionHandlerFactory {

    public ExpiredViewHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Handler(getWrapped().getExceptionHandler());
    }

    static final class Handler extends ExceptionHandlerWrapper {
        Handler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() throws FacesException {
            Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
            while (events.hasNext()) {
                ExceptionQueuedEvent event = events.next();
                Throwable t = event.getContext().getException();
                while (t != null && !(t instanceof ViewExpiredException)) {
                    t = t.getCause();
                }
                // A post whose view state is not one this session holds (e.g. "stateless" for a stateful view) fails
                // while restoring, with a plain FacesException: the same case for the user.
                boolean restoring = PhaseId.RESTORE_VIEW.equals(event.getContext().getPhaseId())
                        && FacesContext.getCurrentInstance().isPostback();
                if (t != null || restoring) {
                    events.remove();
                    FacesContext context = FacesContext.getCurrentInstance();
                    ExternalContext ec = context.getExternalContext();
                    try {
                        ec.redirect(ec.getRequestContextPath() + "/expired.xhtml");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    context.responseComplete();
                }
            }
            getWrapped().handle();
        }
    }
}
