package dev.batchjobs.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Function;

/**
 * An AWS SDK client interface that records the requests it is given and answers them with {@code answer}. The
 * SDK's convenience overloads (a request builder's consumer) are default methods: they run as written, so the
 * adapter's own code path is what is recorded.
 */
final class RecordingClients {
    private RecordingClients() {}

    static <C> C recording(Class<C> type, List<Object> requests, Function<Object, Object> answer) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("close")) {
                return null;
            }
            requests.add(args[0]);
            return answer.apply(args[0]);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
