package dev.tidemark.core;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One GSI partition key value: a UTC day, and with sharded day keys one of its {@code shards} suffixes. With one
 * shard the value is the plain date ({@code 2026-11-30}, the unsharded shape); with {@code S > 1} shards it is
 * {@code 2026-11-30#n}, {@code n = 0 … S−1}, so the writes of one day spread over {@code S} index partitions.
 */
public record DayShard(LocalDate day, int shard, int shards) implements Comparable<DayShard> {
    public DayShard {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " is not a shard");
        }
    }

    /** Every shard of {@code day}, in shard order. */
    public static List<DayShard> of(LocalDate day, int shards) {
        List<DayShard> all = new ArrayList<>(shards);
        for (int n = 0; n < shards; n++) {
            all.add(new DayShard(day, n, shards));
        }
        return all;
    }

    /** The partition key value a writer sets and a reader queries. */
    public String partitionKey() {
        return shards == 1 ? day.toString() : day + "#" + shard;
    }

    /** Day order first, then shard order: the order a walk asks for them. */
    @Override
    public int compareTo(DayShard o) {
        int byDay = day.compareTo(o.day);
        return byDay != 0 ? byDay : Integer.compare(shard, o.shard);
    }

    @Override
    public String toString() {
        return partitionKey();
    }
}
