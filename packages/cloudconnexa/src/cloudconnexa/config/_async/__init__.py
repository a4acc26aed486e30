"""The I/O of export, plan and apply: written by hand as async, the sync twin generated."""
