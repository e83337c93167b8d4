package dev.tidemark.core.mapping;

/**
 * A mapping for a table that is not ours, shared by the mapping tests: orders keyed by a number, updatedAt in epoch
 * milliseconds, a customer entity, line items (jsonb), exact amounts, labels (text[] and a many-to-many), a
 * receipt (bytea), a boolean and a tombstone flag.
 */
public final class OrdersMapping {
    public static final String YAML = """
            source:
              table: orders
              index: day-modified-index
              key: orderId
              updatedAt: {attribute: modifiedMs, format: epoch-millis}
              partition: day
              tombstone: {flag: {attribute: cancelled}}
            root:
              table: orders
              key: order_id
              columns:
                - {name: amount, from: amount, type: numeric}
                - {name: quantity, from: qty, type: bigint}
                - {name: paid, from: paid, type: boolean}
                - {name: city, from: [customer.address.city, city], type: text}
                - {name: lines, from: lines, type: jsonb}
                - {name: labels, from: labels, type: "text[]"}
                - {name: receipt, from: receipt, type: bytea}
            entities:
              - name: customer
                table: customers
                in: customer
                key: {column: customer_id, from: customerId, nested: id, type: text}
                foreignKey: customer_id
                columns:
                  - {name: email, nested: email, type: text}
                  - {name: tier, from: customerTier, nested: tier, type: text}
                ignoreNested: [address]
            sets:
              - {name: labels, from: labels, table: labels, edgeTable: order_labels, idColumn: label_id}
            unmapped: {policy: jsonb, column: extra}
            """;

    private OrdersMapping() {
    }
}
