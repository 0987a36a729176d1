package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bayard.app.config.MilterConfig;
import org.bayard.app.gate.GateService;
import org.bayard.app.milter.MilterDoor;
import org.bayard.milter.MilterServer;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The milter door checked by {@code miltertest} (OpenDKIM's milter test driver, Debian's miltertest
 * package), an MTA's side written independently of ours: a Lua script per case sends a sample's
 * envelope, headers and body as libmilter's MTA side does and checks what the door asked for at
 * the end of the message. The script fails the run with {@code error} on any unexpected answer.
 */
class MiltertestTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    MilterServer milter;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (milter != null) milter.close();
    }

    void start() throws Exception {
        GateService gate = gates.start("", "", gates.copy(tmp), tmp.resolve("q"), sinks.start().address().getPort(), log).gate();
        milter = MilterDoor.start(new MilterConfig("127.0.0.1:0", 10), gate.config().smtp(), Duration.ofSeconds(2), gate,
                Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** Lua quoting of a value: the text between double quotes, with backslashes, quotes and control chars escaped. */
    static String lua(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '"') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append('\\').append((int) c);
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /**
     * A script that sends the sample (with {@code extraHeaders} first) from 192.0.2.7, then runs
     * {@code checks} (Lua, with {@code conn} the connection) after the end of the message.
     */
    String script(String sample, List<String> extraHeaders, String checks) throws Exception {
        String message = Files.readString(Path.of("../samples/held-out", sample), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int end = message.indexOf("\n\n");
        Path body = tmp.resolve(sample + ".body");
        Files.writeString(body, message.substring(end + 2).replace("\n", "\r\n"), StandardCharsets.ISO_8859_1);
        // miltertest ends a script that raises an error with status 1 and says nothing: the error is printed first
        StringBuilder lua = new StringBuilder("local ok, failure = pcall(function()\n");
        lua.append("conn = mt.connect(\"inet:").append(milter.port()).append("@127.0.0.1\")\n")
                .append("if conn == nil then error \"no connection\" end\n")
                .append("if mt.conninfo(conn, \"client.example.net\", \"192.0.2.7\") ~= nil then error \"conninfo\" end\n")
                .append("if mt.getreply(conn) ~= SMFIR_CONTINUE then error \"conninfo reply\" end\n")
                .append("if mt.helo(conn, \"client.example.net\") ~= nil then error \"helo\" end\n")
                .append("if mt.mailfrom(conn, \"<sender@example.net>\") ~= nil then error \"mailfrom\" end\n")
                .append("if mt.getreply(conn) ~= SMFIR_CONTINUE then error \"mailfrom reply\" end\n")
                .append("if mt.rcptto(conn, \"<list@example.test>\") ~= nil then error \"rcptto\" end\n")
                .append("if mt.getreply(conn) ~= SMFIR_CONTINUE then error \"rcptto reply\" end\n");
        List<String> headers = new java.util.ArrayList<>(extraHeaders);
        for (String field : message.substring(0, end).split("\n(?![ \t])")) headers.add(field);
        for (String field : headers) {
            int colon = field.indexOf(':');
            if (colon <= 0) continue; // the mbox From_ line
            lua.append("if mt.header(conn, ").append(lua(field.substring(0, colon))).append(", ")
                    .append(lua(field.substring(colon + 1).stripLeading())).append(") ~= nil then error \"header\" end\n");
        }
        lua.append("if mt.eoh(conn) ~= nil then error \"eoh\" end\n")
                .append("if mt.bodyfile(conn, ").append(lua(body.toString())).append(") ~= nil then error \"body\" end\n")
                .append("if mt.eom(conn) ~= nil then error \"eom\" end\n")
                .append(checks)
                .append("mt.disconnect(conn)\n")
                .append("end)\nif not ok then mt.echo(\"FAILED: \" .. tostring(failure)) error(failure) end\n");
        Path file = tmp.resolve(sample + ".lua");
        Files.writeString(file, lua);
        return file.toString();
    }

    Commands.Ran miltertest(String script) throws Exception {
        Commands.Ran ran = Commands.run(new ProcessBuilder("miltertest", "-v", "-s", script).redirectErrorStream(true), 60);
        assertThat(ran.timedOut()).isFalse();
        return ran;
    }

    @Test
    void hamGetsOurFieldsInPlaceOfForgedOnesAndSpamTheGatesRefusal() throws Exception {
        start();
        Commands.Ran ham = miltertest(script("ham-2.eml", List.of("X-Spam-Flag: YES"), """
                if mt.getreply(conn) ~= SMFIR_CONTINUE then error "ham: not accepted" end
                if not mt.eom_check(conn, MT_HDRADD, "X-Spam-Flag", "NO") then error "ham: no X-Spam-Flag: NO added" end
                if not mt.eom_check(conn, MT_HDRADD, "X-Bayard-Classification") then error "ham: no classification" end
                if not mt.eom_check(conn, MT_HDRDELETE, "X-Spam-Flag") then error "ham: the forged flag kept" end
                """));
        assertThat(ham.exit()).as(ham.output()).isZero();

        Commands.Ran spam = miltertest(script("spam-1.eml", List.of(), """
                if mt.getreply(conn) ~= SMFIR_REPLYCODE then error "spam: no reply code" end
                if not mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1", "message refused as spam (score 10.0)") then
                    error "spam: not the gate's 550 5.7.1"
                end
                if mt.eom_check(conn, MT_HDRADD) then error "spam: fields added to a refused message" end
                """));
        assertThat(spam.exit()).as(spam.output()).isZero();
        // the gate's decision lines are written by a thread of their own, within a second
        for (int i = 0; i < 100 && !log.toString(StandardCharsets.UTF_8).contains("\"decision\":\"reject "); i++) Thread.sleep(50);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"client\":\"192.0.2.7\"", "\"decision\":\"reject ");
    }
}
