package dev.harbourmaster.documents;

import java.util.List;

/** hm history and /api/p/PROJECT/history: a page of release sets, newest first, and the token of the next. */
public record HistoryDocument(List<ReleaseSetDocument<ReleaseSetDocument.Named>> releaseSets, String nextPage) {}
