// Package querytest holds what the tests of the query packages (query,
// clash, section) share: SQLite stores filled once per test binary with
// the demo district and Nanaimo's water network (Stores, or Fixture with
// the fills Demo and Nanaimo; Main closes them), a store of a few
// features in memory (MemStore) and the local frame synthetic test scenes
// are drawn in (Scene, At, Rect). Only tests import it.
package querytest
