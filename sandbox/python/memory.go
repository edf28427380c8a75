package python

// MeasuresOwnMemory tells the sandbox's memory watchdog that this
// instance's memory is its own WebAssembly memory (linearMemory), limited
// to the function's memory size per instance, and not the process heap:
// another environment's heap growth is then never blamed on it.
func (*instance) MeasuresOwnMemory() {}
