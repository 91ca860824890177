from theodoi.cli import main

main()
