"""The client implementation: the asyncio code is written by hand, the blocking twin generated."""
