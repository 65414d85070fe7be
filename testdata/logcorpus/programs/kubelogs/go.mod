module example.com/logcorpus/kubelogs

go 1.22
