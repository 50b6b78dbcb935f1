module github.com/semantest/bench-go-client

go 1.26
