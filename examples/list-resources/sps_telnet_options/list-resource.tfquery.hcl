# The Telnet options: always one result, with identity { key = "options" }.
list "sps_telnet_options" "this" {
  provider = sps
}
