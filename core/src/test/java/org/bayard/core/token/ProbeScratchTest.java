package org.bayard.core.token;
import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;
import java.nio.charset.StandardCharsets;
class ProbeScratchTest {
    static void p(String name, String m) {
        Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
        new Tokenizer(MailLimits.DEFAULT).tokenize(m.getBytes(StandardCharsets.UTF_8), f);
        System.out.println("## " + name + " " + f.names().stream().filter(s -> !s.startsWith("received:") && !s.startsWith("message-id") && !s.startsWith("from:none") && !s.startsWith("url:count")).toList());
    }
    @Test void probe() {
        String two = "b".repeat(2 << 10);
        String hundred = "c".repeat(100 << 10);
        p("noboundary", "Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nmissing words\r\n--x--\r\n");
        p("never", "Content-Type: multipart/mixed; boundary=zzz\r\n\r\n--x\r\n\r\nabsent words\r\n");
        p("same", "Content-Type: multipart/mixed; boundary=s\r\n\r\n" + "--s\r\nContent-Type: multipart/mixed; boundary=s\r\n\r\n".repeat(1000) + "--s\r\n\r\nsame words\r\n--s--\r\n");
        p("2k", "Content-Type: multipart/mixed; boundary=\"" + two + "\"\r\n\r\n--" + two + "\r\n\r\nlong words\r\n--" + two + "--\r\n");
        p("100k", "Content-Type: multipart/mixed; boundary=\"" + hundred + "\"\r\n\r\n--" + hundred + "\r\n\r\nhuge words\r\n--" + hundred + "--\r\n");
        p("dashes", "Content-Type: multipart/mixed; boundary=\"e--\"\r\n\r\n--e--\r\n\r\ndashed words\r\n--e----\r\n");
        p("twoct", "Content-Type: multipart/mixed; boundary=one\r\nContent-Type: text/plain\r\n\r\n--one\r\n\r\ndouble words\r\n--one--\r\n");
        p("qp", "Content-Type: multipart/mixed; boundary=qp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n--qp\r\nContent-Type: text/plain\r\n\r\nencoded=20words\r\n--qp--\r\n");
        p("combining", "Content-Type: text/plain; charset=utf-8\r\n\r\nverify pa\u0301ypal\u0308 account\r\n");
        p("inj", "Subject: =?utf-8?q?a=0D=0ABcc:_x@evil?=\r\nFrom: =?utf-8?b?"+java.util.Base64.getEncoder().encodeToString("\u760A\u760D name".getBytes(StandardCharsets.UTF_8))+"?= <a@b.example>\r\n\r\nbody\r\n");
    }
}
