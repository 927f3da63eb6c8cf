package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.wiring.Config;
import dev.batchjobs.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiPrimingTest {
    @Test
    void primingRunsRequestsThroughTheWholeApiAndStopsAtAuthentication() throws Exception {
        ApiPriming priming = new ApiPriming(new ApiFixture().api);

        assertThat(priming.prime()).containsExactly(401, 401, 401);
        priming.beforeCheckpoint(null);
        priming.afterRestore(null);
    }

    /**
     * The real wiring, its every AWS endpoint a closed port: a priming request that reached DynamoDB, S3 or anything
     * else would answer 500, not 401. So the snapshot is taken without touching an AWS resource or a credential.
     */
    @Test
    void primingTheRealWiringCallsNoAws() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : Config.TEMPLATE_VARIABLES) {
            env.put(
                    name,
                    name.endsWith("_SECONDS")
                                    || name.endsWith("_DAYS")
                                    || name.endsWith("_HOSTS")
                                    || name.equals("ENDPOINT_REGISTRY")
                            ? ""
                            : name.endsWith("_URL") ? "http://127.0.0.1:1/queue" : "primed-" + name.toLowerCase());
        }
        for (String name : Config.ENDPOINT_OVERRIDES) {
            env.put(name, "http://127.0.0.1:1");
        }
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDPRIMING");
        env.put("AWS_SECRET_ACCESS_KEY", "priming");

        try (Wiring wiring = Wiring.create(env)) {
            assertThat(new ApiPriming(wiring.batchJobsApi()).prime()).containsExactly(401, 401, 401);
        }
    }
}
