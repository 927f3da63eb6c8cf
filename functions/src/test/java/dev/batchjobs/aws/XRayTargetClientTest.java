package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import dev.batchjobs.domain.target.TargetRequest;
import dev.batchjobs.domain.target.TargetResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class XRayTargetClientTest {
    private final List<Subsegment> sent = new CopyOnWriteArrayList<>();
    private final AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard()
            .withEmitter(new Emitter() {
                @Override
                public boolean sendSegment(Segment segment) {
                    return true;
                }

                @Override
                public boolean sendSubsegment(Subsegment subsegment) {
                    sent.add(subsegment);
                    return true;
                }
            })
            .build();

    @Test
    void requestsInFlightAreSiblingSubsegmentsEachEndedWithItsAnswerOnAnotherThread() {
        List<CompletableFuture<TargetResponse>> answers = new ArrayList<>();
        XRayTargetClient client = new XRayTargetClient(
                request -> {
                    CompletableFuture<TargetResponse> answer = new CompletableFuture<>();
                    answers.add(answer);
                    return answer;
                },
                recorder);
        Segment segment = recorder.beginSegment("worker");

        CompletableFuture<TargetResponse> first = client.send(request("/v1/customers/cus_1?expand=x"));
        CompletableFuture<TargetResponse> second = client.send(request("/v1/customers/cus_2"));
        Thread answering = new Thread(() -> {
            answers.get(0).complete(new TargetResponse(429, "{}", Optional.empty()));
            answers.get(1).complete(new TargetResponse(200, "{}", Optional.empty()));
        });
        answering.start();
        CompletableFuture.allOf(first, second).join();

        assertThat(recorder.getTraceEntity()).isSameAs(segment);
        assertThat(segment.getSubsegments()).hasSize(2).allSatisfy(s -> {
            assertThat(s.getName()).isEqualTo("target.test");
            assertThat(s.getNamespace()).isEqualTo("remote");
            assertThat(s.isInProgress()).isFalse();
            assertThat(s.getSubsegments()).isEmpty();
        });
        Subsegment throttled = segment.getSubsegments().get(0);
        assertThat(throttled.isThrottle()).isTrue();
        assertThat(throttled.isError()).isTrue();
        assertThat(throttled.getHttp().get("request"))
                .isEqualTo(Map.of("method", "POST", "url", "https://target.test/v1/customers/cus_1"));
        assertThat(throttled.getHttp().get("response")).isEqualTo(Map.of("status", 429));
        assertThat(segment.getSubsegments().get(1).isError()).isFalse();
        recorder.endSegment();
    }

    private static TargetRequest request(String path) {
        return new TargetRequest("POST", URI.create("https://target.test" + path), Map.of(), "");
    }
}
