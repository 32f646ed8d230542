package dev.roomcast.cluster;

import java.util.Set;

/** The users with a connection on this instance, for re-telling the cluster who is online after Redis lost it. */
@FunctionalInterface
public interface LocalUsers {

    Set<String> connected();
}
