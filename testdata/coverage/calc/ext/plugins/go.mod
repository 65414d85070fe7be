module example.com/calc/plugins

go 1.26
