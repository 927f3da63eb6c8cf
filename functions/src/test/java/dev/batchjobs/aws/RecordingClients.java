package dev.batchjobs.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An AWS SDK client interface that records the requests it is given and answers them with {@code answer}. The
 * SDK's convenience overloads (a request builder's consumer) run as the SDK wrote them, so what is recorded is the
 * request the adapter really builds.
 */
final class RecordingClients {
    private RecordingClients() {}

    static <C> C recording(Class<C> type, List<Object> requests, Function<Object, Object> answer) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (args == null || args.length != 1) {
                return null; // close(), serviceName(): nothing the adapters read
            }
            if (args[0] instanceof Consumer<?>) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            requests.add(args[0]);
            return answer.apply(args[0]);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
