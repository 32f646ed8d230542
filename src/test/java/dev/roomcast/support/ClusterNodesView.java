package dev.roomcast.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What one cluster node says in CLUSTER NODES: every node it knows, its flags, master and slot ranges. */
record ClusterNodesView(List<Entry> entries) {

    /** One line: a node, its flags ("myself,master", "slave", "fail?"...), its master's id, its slot ranges. */
    record Entry(String id, int port, Set<String> flags, String masterId, List<int[]> slots, boolean migrating) {

        boolean isMaster() {
            return flags.contains("master");
        }

        /** Failed or suspected of it ({@code fail}, {@code fail?}), or without an address. */
        boolean isDown() {
            return flags.contains("fail") || flags.contains("fail?") || flags.contains("noaddr");
        }

        boolean owns(int slot) {
            return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
        }

        String slotRanges() {
            return slots.stream().map(r -> r[0] == r[1] ? "" + r[0] : r[0] + "-" + r[1])
                    .collect(Collectors.joining(","));
        }
    }

    static ClusterNodesView parse(String clusterNodes) {
        List<Entry> entries = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 8) {
                continue;
            }
            String address = fields[1]; // ip:port@busport[,hostname]
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':', address.indexOf('@')) + 1,
                    address.indexOf('@')));
            List<int[]> slots = new ArrayList<>();
            boolean migrating = false;
            for (String slot : Arrays.copyOfRange(fields, 8, fields.length)) {
                if (slot.startsWith("[")) { // [slot->-id] or [slot-<-id]: a migration in progress
                    migrating = true;
                } else if (slot.contains("-")) {
                    String[] range = slot.split("-");
                    slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])});
                } else {
                    slots.add(new int[] {Integer.parseInt(slot), Integer.parseInt(slot)});
                }
            }
            entries.add(new Entry(fields[0], port, Set.of(fields[2].split(",")), fields[3], slots, migrating));
        }
        return new ClusterNodesView(entries);
    }

    /** Masters that are not down, ordered by their first slot (those without slots last). */
    List<Entry> liveMasters() {
        return entries.stream().filter(e -> e.isMaster() && !e.isDown())
                .sorted(Comparator.comparingInt((Entry e) -> e.slots.isEmpty() ? Integer.MAX_VALUE : e.slots.get(0)[0])
                        .thenComparingInt(Entry::port))
                .toList();
    }

    /** The replicas of that master which are not down. */
    List<Entry> replicasOf(String masterId) {
        return entries.stream().filter(e -> masterId.equals(e.masterId) && !e.isDown()).toList();
    }

    Optional<Entry> ownerOf(int slot) {
        return entries.stream().filter(e -> e.isMaster() && e.owns(slot)).findFirst();
    }

    Optional<Entry> byId(String id) {
        return entries.stream().filter(e -> e.id.equals(id)).findFirst();
    }

    boolean migrating() {
        return entries.stream().anyMatch(Entry::migrating);
    }

    /** Who owns which slots, in a form two nodes' views can be compared by. */
    String slotMap() {
        return entries.stream().filter(e -> !e.slots.isEmpty()).sorted(Comparator.comparing(Entry::id))
                .map(e -> e.id + ":" + e.slotRanges()).collect(Collectors.joining(" "));
    }
}
