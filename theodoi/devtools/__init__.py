"""Tools for a demo or test machine, never for the province's own: ``theodoi demo``
(the demo accounts and the two sample plans) and ``theodoi benchdata`` (the province
data set of the benchmarks). The top layer: it may import every other area."""
