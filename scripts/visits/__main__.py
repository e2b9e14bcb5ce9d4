from visits.cli import main

raise SystemExit(main())
