package dev.tidemark.core.model;

import java.time.Instant;

/**
 * A community (subreddit, channel, group) a content item was posted in.
 *
 * @param nameCarried whether the item carried a name at all (an explicit DynamoDB {@code NULL} counts): an
 *                    item that names the community by id only leaves the stored name as it is
 */
public record Community(String communityId, String name, Instant sourceUpdatedAt, boolean nameCarried) {

    public Community(String communityId, String name, Instant sourceUpdatedAt) {
        this(communityId, name, sourceUpdatedAt, true);
    }

    /** What the store holds after this version and then {@code newer} (same id, not older) are applied. */
    public Community then(Community newer) {
        return new Community(newer.communityId, newer.nameCarried ? newer.name : name, newer.sourceUpdatedAt,
                nameCarried || newer.nameCarried);
    }
}
