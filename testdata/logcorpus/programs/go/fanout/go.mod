module example.com/logcorpus/fanout

go 1.22
