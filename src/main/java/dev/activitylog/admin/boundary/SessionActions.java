package dev.activitylog.admin.boundary;

import dev.activitylog.web.boundary.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;

/** Who is signed in, and signing out (a POST through a Faces form, so it is CSRF-safe like every change). */
@Named
@RequestScoped
public class SessionActions {

    public String getUser() {
        Principal p = FacesContext.getCurrentInstance().getExternalContext().getUserPrincipal();
        return p == null ? null : p.getName();
    }

    public boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Roles.ADMIN);
    }

    public String getRole() {
        return Roles.ADMIN;
    }

    public String logout() throws ServletException {
        ExternalContext ec = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) ec.getRequest()).logout();
        ec.invalidateSession();
        return "/login?faces-redirect=true&signedOut=true";
    }
}
