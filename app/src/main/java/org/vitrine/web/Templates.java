package org.vitrine.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Templates renders the precompiled jte templates (built by the jte Maven plugin) into responses.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code template} (e.g. "album/home.jte") with its single page record as the response. */
    public void render(Context ctx, String template, Object page) {
        var output = new StringOutput();
        engine.render(template, page, output);
        ctx.contentType("text/html; charset=utf-8").result(output.toString());
    }
}
