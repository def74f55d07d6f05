package dev.activitylog.log.config;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import java.lang.annotation.ElementType;

/**
 * Bean Validation's traversable resolver for this application (META-INF/validation.xml): every property is validated
 * and cascaded. The default, when a JPA provider is on the class path as on both servers, asks the persistence
 * providers, for every constrained property, whether it is loaded: a question for lazily loaded entities, of which
 * this application has none. On WildFly asking it cost an append through the EJB more than the append itself
 * (docs/benchmarks.md, "Through the container").
 */
public final class EveryPropertyReachable implements TraversableResolver {
    @Override
    public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                               ElementType elementType) {
        return true;
    }

    @Override
    public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                ElementType elementType) {
        return true;
    }
}
