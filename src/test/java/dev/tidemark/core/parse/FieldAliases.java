package dev.tidemark.core.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one table of source field names: for each canonical field, the names writers have used for it, in
 * order of preference. The first alias present on an item wins; the others are still "known" (not drift).
 * Add a name here when a writer starts using it; everything else on an item is drift and goes to
 * {@code extra}.
 */
public enum FieldAliases {
    CONTENT_ID("contentId", "content_id", "postId", "post_id"),
    UPDATED_AT("updatedAt", "updated_at", "lastModifiedAt"),
    UPDATED_DATE("updatedDate", "updated_date"),
    PLATFORM("platform", "source", "network"),
    URL("contentUrl", "url", "content_url", "permalink"),
    CAPTION("caption", "text", "description"),
    PUBLISHED_AT("publishedAt", "published_at", "postedAt", "createdAt"),
    VIEW_COUNT("viewCount", "views", "view_count", "playCount"),
    LIKE_COUNT("likeCount", "likes", "like_count"),
    CREATOR("creator", "author"),
    CREATOR_ID("creatorId", "creator_id", "authorId", "author_id"),
    CREATOR_HANDLE("creatorHandle", "creator_handle", "authorHandle", "handle", "username"),
    CREATOR_NAME("creatorName", "creator_name", "authorName", "displayName"),
    FOLLOWER_COUNT("followerCount", "followers", "follower_count", "followersCount"),
    COMMUNITY("community"),
    COMMUNITY_ID("communityId", "community_id", "subreddit", "channelId"),
    COMMUNITY_NAME("communityName", "community_name"),
    TAGS("tags", "hashtags", "labels"),
    METADATA("metadata", "meta"),
    DELETED("deleted", "isDeleted", "is_deleted"),
    DELETED_AT("deletedAt", "deleted_at");

    /** Names inside a nested {@code creator}/{@code author} or {@code community} map. */
    static final Map<String, List<String>> NESTED = Map.of(
            "id", List.of("id", "creatorId", "authorId", "communityId"),
            "handle", List.of("handle", "username", "login"),
            "name", List.of("name", "displayName", "title"),
            "followers", List.of("followerCount", "followers", "follower_count", "followersCount"));

    private final List<String> names;

    FieldAliases(String... names) {
        this.names = List.of(names);
    }

    public List<String> names() {
        return names;
    }

    /**
     * The first alias on the item with a non-null value. An explicit null under the preferred name does
     * not hide a value a writer put under another name.
     */
    Optional<Map.Entry<String, Object>> find(Map<String, Object> item) {
        for (String name : names) {
            Object value = item.get(name);
            if (value != null) {
                return Optional.of(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
            }
        }
        return Optional.empty();
    }

    Object value(Map<String, Object> item) {
        return find(item).map(Map.Entry::getValue).orElse(null);
    }

    private static final Set<String> KNOWN = java.util.Arrays.stream(values())
            .flatMap(a -> a.names.stream()).collect(Collectors.toUnmodifiableSet());

    static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    static Map<String, Object> unknownFields(Map<String, Object> item, Set<String> alsoKnown) {
        Map<String, Object> unknown = new LinkedHashMap<>();
        item.forEach((k, v) -> {
            if (!isKnown(k) && !alsoKnown.contains(k)) {
                unknown.put(k, v);
            }
        });
        return unknown;
    }
}
