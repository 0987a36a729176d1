package org.bayard.eval;

import java.util.List;

/**
 * One self-contained HTML page: the plot inlined as SVG and tables of figures. No scripts, no
 * style sheets, fonts or images fetched from anywhere, so it can be mailed or archived as is.
 */
public final class HtmlReport {
    /** A table of text cells; numbers come formatted. */
    public record Table(String caption, List<String> header, List<List<String>> rows) {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    private HtmlReport() {}

    /**
     * @param notes short lines shown under the title (corpus, protocol, date)
     * @param svg   an inline {@code <svg>} element ({@link SvgPlot#inline})
     */
    public static String render(String title, List<String> notes, String svg, List<Table> tables) {
        StringBuilder h = new StringBuilder(svg.length() + 8_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(SvgPlot.escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:2em;color:#111;max-width:60em}\n")
                .append("table{border-collapse:collapse;margin:1em 0}\n")
                .append("th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}\n")
                .append("th:first-child,td:first-child{text-align:left}\n")
                .append("caption{text-align:left;font-weight:bold;padding:.3em 0}\n")
                .append(".notes{color:#444}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(SvgPlot.escape(title)).append("</h1>\n");
        if (!notes.isEmpty()) {
            h.append("<p class=\"notes\">");
            for (int i = 0; i < notes.size(); i++) h.append(i > 0 ? "<br>\n" : "").append(SvgPlot.escape(notes.get(i)));
            h.append("</p>\n");
        }
        h.append("<figure>\n").append(svg).append("</figure>\n");
        for (Table t : tables) {
            h.append("<table>\n<caption>").append(SvgPlot.escape(t.caption())).append("</caption>\n<tr>");
            for (String c : t.header()) h.append("<th>").append(SvgPlot.escape(c)).append("</th>");
            h.append("</tr>\n");
            for (List<String> row : t.rows()) {
                h.append("<tr>");
                for (String c : row) h.append("<td>").append(SvgPlot.escape(c)).append("</td>");
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }
}
