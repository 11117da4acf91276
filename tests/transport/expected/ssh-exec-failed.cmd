rsync '-e' '/nonexistent/ssh' '-a' '127.0.0.1:<TMP>/src/' '<TMP>/dst/'
