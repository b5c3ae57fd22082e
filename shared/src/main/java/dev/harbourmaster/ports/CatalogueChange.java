package dev.harbourmaster.ports;

/** One difference between the stored catalogue and a manifest, e.g. "+ Service api". */
public record CatalogueChange(Action action, String kind, String id) {

    public enum Action {
        ADD("+"), CHANGE("~"), REMOVE("-");

        private final String symbol;

        Action(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    @Override
    public String toString() {
        return action.symbol() + " " + kind + " " + id;
    }
}
