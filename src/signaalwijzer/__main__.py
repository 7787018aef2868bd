from signaalwijzer.cli import main

main()
