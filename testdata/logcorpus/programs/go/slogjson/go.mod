module example.com/logcorpus/slogjson

go 1.22
