package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Properties;

/**
 * Which directory in lmdbjava's extraction directory holds a user's shared copy of the library
 * (see {@link SharedLmdbLibrary}), and who must own it: {@code bayard-native-USER} for a
 * {@code user.name} the system knows, else {@code bayard-native-uid-UID}, owned by whoever this
 * process creates files as ({@link FileCreator}). The second is for containers that run images
 * under arbitrary uids without a passwd entry, where {@code user.name} is "?": without it, each
 * of their killed processes left lmdbjava's extracted library in tmp.
 *
 * @param path the directory, to claim as a {@link PrivateDirectory}
 * @param owner the user it must belong to
 */
record NativeDirectory(Path path, UserPrincipal owner) {
    static final String PREFIX = "bayard-native-";
    static final String UID_PREFIX = PREFIX + "uid-";

    /**
     * The directory for the process {@code props} describe.
     *
     * @throws IOException when {@code user.name} is unknown and no file can be created to find the uid
     */
    static NativeDirectory of(Properties props) throws IOException {
        Path extractionDir = Path.of(SharedLmdbLibrary.extractionDirectory(props));
        String user = props.getProperty("user.name", "");
        Optional<UserPrincipal> named = lookUp(user);
        if (named.isPresent()) {
            return new NativeDirectory(extractionDir.resolve(PREFIX + user.replaceAll("[^A-Za-z0-9._-]", "_")), named.get());
        }
        FileCreator creator = FileCreator.probe(extractionDir);
        return new NativeDirectory(extractionDir.resolve(UID_PREFIX + creator.uid()), creator.principal());
    }

    /** Takes the directory for this user, or refuses it (see {@link PrivateDirectory#claim}). */
    PrivateDirectory claim() throws IOException {
        return PrivateDirectory.claim(path, owner);
    }

    /** The user named {@code user}; empty for "?" (Java's name for a uid without passwd entry) and other unknown names. */
    private static Optional<UserPrincipal> lookUp(String user) {
        if (user.isEmpty() || user.equals("?")) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user));
        } catch (IOException e) {
            // UserPrincipalNotFoundException, or the lookup itself failed: the uid still names a directory.
            return Optional.empty();
        }
    }
}
