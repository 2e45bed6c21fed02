# The RDP options: always one result, with identity { key = "options" }.
list "sps_rdp_options" "this" {
  provider = sps
}
