// The PDF writers call pango through declarations written by hand in
// Sources/CPangoCairo/shim.h (pango's headers need include paths a system-library module cannot
// add without linking pango). check.c compiles them after pango's real headers, so a
// signature or value that differs from the installed pango fails this target's build.

/// The number of functions in CPangoCairo's table, so a test can call into this target.
int outfalls_pangocairo_checked_function_count(void);
