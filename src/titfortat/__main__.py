from titfortat.cli import main

raise SystemExit(main())
