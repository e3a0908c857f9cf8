package dev.doorbell.reconciler.apply;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Records, in order, the SQL of every statement prepared through the connections it wraps: what an apply sends. */
final class StatementLog {

    private final List<String> sent = new ArrayList<>();

    /** @return the SQL prepared so far, in order */
    List<String> sent() {
        return List.copyOf(sent);
    }

    void clear() {
        sent.clear();
    }

    /** @return {@code connection}, recording what is prepared through it */
    Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (method, args) -> {
            if (method.getName().equals("prepareStatement")) {
                sent.add((String) args[0]);
            }
        });
    }

    /** @return {@code dataSource}, whose connections record what is prepared through them */
    DataSource wrap(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, dataSource, args);
                    return result instanceof Connection c ? wrap(c) : result;
                });
    }

    private interface Observer {
        void before(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, T target, Observer observer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            observer.before(method, args);
            return invoke(method, target, args);
        }));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
