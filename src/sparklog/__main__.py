from sparklog.cli import main

main()
