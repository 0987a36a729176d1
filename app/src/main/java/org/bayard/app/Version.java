package org.bayard.app;

import org.bayard.core.token.Tokenizer;
import picocli.CommandLine;

/** The version line of {@code bayard --version}, also written into X-Spam-Status. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String NUMBER = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"bayard " + NUMBER + " (tokenizer " + Tokenizer.VERSION + ")"};
    }
}
