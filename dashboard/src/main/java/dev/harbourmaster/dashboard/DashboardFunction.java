package dev.harbourmaster.dashboard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.harbourmaster.support.Log;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard as a Lambda function, behind a function URL (AWS_IAM auth) or an HTTP API with a
 * JWT authorizer: both send the same payload (format 2.0). Who may look is decided there, before
 * this runs; the function's role can only read the table.
 *
 * <p>No Host check here, unlike the loopback {@link DashboardServer}: DNS rebinding borrows the network
 * position of the victim's browser, which is what the loopback server trusts. This function trusts a
 * signed request or a JWT instead, which a rebinding page does not have, and a request under another
 * name does not reach it at all: the function URL or API routes by its own host name.
 */
public final class DashboardFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static final String NOT_HTTP = "Not an HTTP request: the dashboard answers its function URL or HTTP API (payload format 2.0),"
            + " whose events carry requestContext.http.";

    private final Log log = new Log("dashboard");
    private final Dashboard dashboard;

    public DashboardFunction() {
        this(DashboardWiring.forLambda(System.getenv()));
    }

    DashboardFunction(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? null
                : event.getRequestContext().getHttp().getMethod();
        Response response;
        if (method == null) {
            log.warn("event ignored").with("reason", NOT_HTTP).write();
            response = new Response(400, "text/plain; charset=utf-8", NOT_HTTP, null);
        } else if ("GET".equals(method) || "HEAD".equals(method)) {
            response = dashboard.get(event.getRawPath(), event.getRawQueryString());
        } else {
            response = new Response(405, "text/plain; charset=utf-8", "The dashboard only reads: GET it.", null);
        }
        if (response.status() >= 500) {
            log.warn("dashboard error").with("path", event.getRawPath()).with("status", response.status()).write();
        }
        Map<String, String> headers = new HashMap<>(Response.SECURITY_HEADERS);
        headers.put("Content-Type", response.contentType());
        if (response.location() != null) {
            headers.put("Location", response.location());
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(headers)
                .withBody(response.body()).withIsBase64Encoded(false).build();
    }
}
