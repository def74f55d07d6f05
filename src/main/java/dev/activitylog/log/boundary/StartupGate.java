package dev.activitylog.log.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

/**
 * A business method that does nothing, for the maintenance tick to call before it takes {@link ContainerLock}: the
 * call returns once the container lets calls into the deployment.
 * <p>
 * WildFly holds every call through an EJB view until the deployment's {@code @Startup} beans have finished their
 * {@code @PostConstruct} (those beans' own threads pass), and it holds it inside the singleton's lock interceptor,
 * which comes first. A caller of the log comes in through {@code ActivityLog}'s view, which has no container lock,
 * and is held there. A timeout call comes through no view: a tick during the deployment went straight to
 * {@code ContainerLock.maintain}, took the WRITE lock and was held with it, while an application's startup bean
 * appending through the log waited for that lock until the access timeout failed its append and the deployment.
 * A call of this bean (bean-managed concurrency: no lock) is held where no lock is. On Payara a tick may come during
 * the deployment too; the appends around it go on either way.
 * <p>
 * {@code @Startup}, like {@link ContainerLock}: a singleton made lazily by a first call, here the first tick,
 * that came during an undeploy made Payara's shutdown of the singletons fail (ConcurrentModificationException in
 * its SingletonLifeCycleManager): {@code ActivityLog}'s {@code @PreDestroy} never ran, the log stayed locked, and
 * the next deployment in that JVM started unavailable.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class StartupGate {
    /** Returns; through the container, once the deployment's startup beans have started. */
    public void pass() {
        // Nothing to do: the wait, where there is one, is the container's, before this method runs.
    }
}
