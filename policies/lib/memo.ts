/**
 * Indexes built once. The rules, the budget and the simulation look the same things up in one
 * list of resources many times (a record's check, the records of a name); an index built in one
 * pass and kept while the list lives turns a scan per lookup into a map read, so a stack of
 * thousands of records costs one pass, not one per record. The lists are never changed once
 * built, so an index stays right for as long as its list lives.
 */

/** `build(key)`, built on the first call for each key object and kept while the key lives. */
export function oncePer<K extends object, V>(build: (key: K) => V): (key: K) => V {
    const built = new WeakMap<K, V>();
    return (key) => {
        if (built.has(key)) {
            return built.get(key)!;
        }
        const value = build(key);
        built.set(key, value);
        return value;
    };
}

/** The items by `keyOf`, each group in the items' order. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
    const groups = new Map<K, T[]>();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group) {
            group.push(item);
        } else {
            groups.set(key, [item]);
        }
    }
    return groups;
}
