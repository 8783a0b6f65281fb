export const tableName = "orders";
