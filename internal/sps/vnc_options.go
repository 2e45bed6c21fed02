package sps

// VNCOptionsArea is the singleton of the appliance-wide VNC options. Its body
// has two shapes (older channel_database_cleanup, newer audit), so the
// provider's options definition builds its own Edit rather than declare
// fields; the diagnostics name it.
var VNCOptionsArea = &Area{Path: "vnc/options", Noun: "VNC options"}
