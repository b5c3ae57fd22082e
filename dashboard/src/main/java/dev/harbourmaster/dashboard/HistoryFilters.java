package dev.harbourmaster.dashboard;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The history filters of a request (env, service, status, by, since, until, page), checked against
 * the project: a wrong value is a {@link BadRequest} that says which and what is allowed.
 */
record HistoryFilters(String environmentId, String serviceId, ReleaseSetStatus status, String requestedBy,
                      String sinceText, String untilText, Instant since, Instant until, String pageToken, int limit) {

    static final int PAGE = 50;
    static final int MAX_PAGE = 200;

    static HistoryFilters of(Request request, Project project) {
        String env = request.param("env");
        if (env != null && project.environment(env).isEmpty()) {
            throw new BadRequest("no environment '" + env + "' in project " + project.id());
        }
        String service = request.param("service");
        if (service != null && project.service(service).isEmpty()) {
            throw new BadRequest("no service '" + service + "' in project " + project.id());
        }
        ReleaseSetStatus status = null;
        if (request.param("status") != null) {
            try {
                status = ReleaseSetStatus.valueOf(request.param("status").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("unknown outcome '" + request.param("status") + "': one of "
                        + java.util.Arrays.toString(ReleaseSetStatus.values()));
            }
        }
        String sinceText = request.param("since");
        String untilText = request.param("until");
        Instant since = time("since", sinceText, false);
        Instant until = time("until", untilText, true);
        int limit = PAGE;
        if (request.param("limit") != null) {
            try {
                limit = Integer.parseInt(request.param("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw new BadRequest("limit must be a number from 1 to " + MAX_PAGE);
            }
        }
        String page = request.param("page");
        if (page != null && !page.matches("[0-9A-HJKMNP-TV-Z]{26}")) {
            throw new BadRequest("page must be the id of a release set (from the 'older' link)");
        }
        return new HistoryFilters(env, service, status, request.param("by"), sinceText, untilText, since, until, page, limit);
    }

    /** A day ("2026-11-20": since its start, until its end) or an instant ("2026-11-20T10:00:00Z"). */
    private static Instant time(String name, String text, boolean endOfDay) {
        if (text == null) {
            return null;
        }
        Instant at;
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                at = (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                at = Instant.parse(text);
            }
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null || !HistoryQuery.inRange(at)) {
            throw new BadRequest(name + " must be a day (2026-11-20) or a UTC time (2026-11-20T10:00:00Z) "
                    + HistoryQuery.RANGE + ", not '" + text + "'");
        }
        return at;
    }

    HistoryQuery query(String projectId) {
        return new HistoryQuery(projectId, environmentId, serviceId, since, limit, pageToken, status, requestedBy, until);
    }

    boolean any() {
        return !params().isEmpty();
    }

    /** The filters as they came (without the page), to carry in links. */
    Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "env", environmentId);
        put(params, "service", serviceId);
        put(params, "status", status == null ? null : status.name());
        put(params, "by", requestedBy);
        put(params, "since", sinceText);
        put(params, "until", untilText);
        if (limit != PAGE) {
            params.put("limit", String.valueOf(limit));
        }
        return params;
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
