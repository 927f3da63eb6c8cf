package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {
    @Test
    void behavesLikeASetAcrossManyGrowthsAndSegments() {
        LongHashSet set = new LongHashSet(16);
        Set<Long> reference = new HashSet<>();
        Random random = new Random(3);
        for (int i = 0; i < 3_000_000; i++) {
            // A small range, so that repeats happen often.
            long value = random.nextInt(2_000_000) - 1_000_000L;
            assertThat(set.add(value)).isEqualTo(reference.add(value));
        }
        assertThat(set.size()).isEqualTo(reference.size());
        assertThat(set.add(0)).isEqualTo(reference.add(0L));
        assertThat(set.size()).isEqualTo(reference.size());
    }

    @Test
    void reservingSizesTheTableOnceAndKeepsItsMembers() {
        LongHashSet set = new LongHashSet(16);
        for (long v = 1; v <= 1000; v++) {
            set.add(v);
        }
        set.reserve(1_000_000, Long.MAX_VALUE);
        assertThat(set.capacity()).isEqualTo(1L << 21);
        for (long v = 1; v <= 1000; v++) {
            assertThat(set.add(v)).isFalse();
        }
        for (long v = 1001; v <= 1_000_000; v++) {
            assertThat(set.add(v)).isTrue();
        }
        assertThat(set.capacity()).isEqualTo(1L << 21);
        assertThat(set.size()).isEqualTo(1_000_000);
    }

    @Test
    void aReservationOverItsBoundIsNotMade() {
        LongHashSet set = new LongHashSet(16);
        long before = set.capacity();
        set.reserve(1_000_000, 8L << 20);
        assertThat(set.capacity()).isEqualTo(before);
        set.reserve(1_000, 8L << 20);
        assertThat(set.capacity()).isEqualTo(2048);
    }
}
