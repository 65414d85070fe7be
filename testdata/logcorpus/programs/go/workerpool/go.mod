module example.com/logcorpus/workerpool

go 1.22
