package dev.tidemark.core.model;

import java.time.Instant;

/** A community (subreddit, channel, group) a content item was posted in. */
public record Community(String communityId, String name, Instant sourceUpdatedAt) {
}
