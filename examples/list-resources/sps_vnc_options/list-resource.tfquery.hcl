# The VNC options: always one result, with identity { key = "options" }.
list "sps_vnc_options" "this" {
  provider = sps
}
