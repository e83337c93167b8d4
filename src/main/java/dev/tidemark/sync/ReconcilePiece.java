package dev.tidemark.sync;

/**
 * One bounded, resumable piece of a reconcile pass.
 *
 * @param piece   its number within the pass (the Step Functions map item)
 * @param kind    a Scan segment of the source, or a range of content ids walked for gone rows
 * @param segment SCAN: the segment, of {@code segments}
 * @param fromKey GONE: the range {@code (fromKey, toKey]} of content ids; null bounds are open
 * @param cursor  where the piece continues: the Scan's LastEvaluatedKey (encoded) or the last content id walked;
 *                null before its first page
 * @param done    read to its end
 */
public record ReconcilePiece(int piece, Kind kind, int segment, int segments, String fromKey, String toKey,
                             String cursor, boolean done) {

    public enum Kind { SCAN, GONE }

    public static ReconcilePiece scan(int piece, int segment, int segments) {
        return new ReconcilePiece(piece, Kind.SCAN, segment, segments, null, null, null, false);
    }

    public static ReconcilePiece gone(int piece, String fromKey, String toKey) {
        return new ReconcilePiece(piece, Kind.GONE, 0, 0, fromKey, toKey, null, false);
    }
}
