# The ICA options: always one result, with identity { key = "options" }.
list "sps_ica_options" "this" {
  provider = sps
}
