// The one source of each precompiled-header anchor (cmake/pch/CMakeLists.txt):
// a target needs something to compile for its precompiled header to be built.
