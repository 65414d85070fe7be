module example.com/logcorpus/slogattrs

go 1.22
