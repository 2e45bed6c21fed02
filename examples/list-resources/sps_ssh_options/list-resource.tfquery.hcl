# The SSH options: always one result, with identity { key = "options" }.
list "sps_ssh_options" "this" {
  provider = sps
}
